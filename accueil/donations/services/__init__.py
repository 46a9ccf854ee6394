"""Every write of the donations' stock side, one module per noun: collection points' switches and rules, the
catalogue, stock, pledges, needs. Import from here: ``services.stock_receive``. Delivery runs are written by
`accueil.donations.deliveries.services`, the fund by `accueil.donations.fund.services`.

Stock and need quantities are protected in the database: rows are locked in a fixed order (by primary key) and
changed by conditional F() updates, never check-then-write.
"""

from .catalogue import category_save, item_save, kit_component_set, priority_set
from .needs import NEED_LIFETIME, need_cancel, need_post, need_renew, need_status_for, needs_expire
from .pledges import CODE_ALPHABET, MAX_PLEDGE_DAYS_AHEAD, pledge_cancel, pledge_create, pledge_receive
from .points import item_refusal, item_set_accepted, point_rule_set, point_set_accepting
from .stock import stock_dispatch, stock_receive

__all__ = [
    "CODE_ALPHABET",
    "MAX_PLEDGE_DAYS_AHEAD",
    "NEED_LIFETIME",
    "category_save",
    "item_refusal",
    "item_save",
    "item_set_accepted",
    "kit_component_set",
    "need_cancel",
    "need_post",
    "need_renew",
    "need_status_for",
    "needs_expire",
    "pledge_cancel",
    "pledge_create",
    "pledge_receive",
    "point_rule_set",
    "point_set_accepting",
    "priority_set",
    "stock_dispatch",
    "stock_receive",
]
