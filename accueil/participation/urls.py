
app_name = "participation"

urlpatterns: list = []
