"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import AnnualFiguresView

routes: list[tuple[str, type, str | None]] = []
urlpatterns = [AnnualFiguresView.as_path()]
