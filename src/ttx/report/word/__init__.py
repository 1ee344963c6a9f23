"""Word documents (python-docx): the report (`report`), the feedback form (`form`), and
what they and the exercise pack share (`base`, `markdown`)."""
