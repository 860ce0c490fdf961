"""The REST API `/api/v1/` (a Flask blueprint on the app's server): routes, OpenAPI description, its queries."""
from dashboard.api.routes import register

__all__ = ["register"]
