from thiduakt.pdf import render_pdf  # noqa: F401 -- kept until awards imports thiduakt.pdf
