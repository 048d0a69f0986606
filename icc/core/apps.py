from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "icc.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # The checks register on import; importing background connects the retries of
        # failed tasks, for the tasks of every module.
        from icc.core import background, checks, readiness  # noqa: F401
        from icc.core.observability import register_metrics_collector, register_readiness_check

        register_readiness_check("database", readiness.check_database)
        register_readiness_check("cache", readiness.check_cache)
        register_readiness_check("migrations", readiness.check_migrations)
        register_readiness_check("workers", readiness.check_workers)
        register_metrics_collector(readiness.task_queue_metrics)
        background.register_labels()
