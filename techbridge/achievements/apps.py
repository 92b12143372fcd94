from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AchievementsConfig(AppConfig):
    name = "techbridge.achievements"
    verbose_name = pgettext_lazy("app", "科技成果")
