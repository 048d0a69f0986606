app_name = "commitment"
urlpatterns: list = []
