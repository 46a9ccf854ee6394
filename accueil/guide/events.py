"""Audit event types of the rights guide."""

ARTICLE_SAVED = "guide.article_saved"
ARTICLE_CREATED = "guide.article_created"
ARTICLE_EDITED = "guide.article_edited"
ROAD_MAP_CREATED = "guide.road_map_created"
ROAD_MAP_EDITED = "guide.road_map_edited"
