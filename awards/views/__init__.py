"""Screens of awards, one module per subject (``awards/urls.py`` names every one):

- ``dossiers``: lists, building and sending a dossier, appraisal
- ``public``: the disclosure window and the lookup (anonymous)
- ``records``: the award history import
- ``nominee_import``: a dossier's nominee list from an xlsx (template, preview, confirm)
- ``council``: meetings, the members' room and ballots, results and documents
- ``decisions``: drafts, signing, PDFs
- ``amendments``: corrections and revocations
- ``central``: forwarding to central level and its results
"""
