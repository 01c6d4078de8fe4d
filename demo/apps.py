from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and national-scale seeding (``manage.py seed_demo``, ``manage.py seed_scale``): on top
    of every other app, which it fills through their own services and models; nothing imports it
    (it has no models, so no admin name either)."""

    name = "demo"
