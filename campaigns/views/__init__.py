"""Screens of campaigns, by subject; ``campaigns.urls`` imports each module.

A view: form → permission (``thiduakt.access.require``, 404) → service (``run_service``) → redirect.
"""
