"""Server-rendered pages (employer form, jobhunter screens) and the embeddable WSP widget."""
