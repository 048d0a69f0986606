app_name = "antirumours"
urlpatterns: list = []
