"""The shipped Word templates (docxtpl) of the decision, its annex and the Sở Nội vụ's Tờ trình; ``build``
writes them with python-docx (``python -m awards.templates_docx.build``). A province replaces them on the
"Mẫu văn bản Word" screen (``awards.models.DocumentTemplate``)."""
