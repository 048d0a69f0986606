app_name = "index"
urlpatterns: list = []
