"""Shareable validation reports: a report of an inspection, never the credential itself.

    models.py        Report: the stored document, expiry, the delete token's hash
    documents.py     an inspection -> the stored document (allow-list, no signature, no key
                     material, credentials scrubbed, safe for PostgreSQL's jsonb)
    redaction.py     hidden claims -> "[hidden]" everywhere (pure)
    services.py      report_create / report_get / report_delete / reports_purge
    forms.py         ttl and hide_claims, from the API body or the page's share fields
    presentation.py  the report page's context, "Open in the debugger" fields, Markdown
    views.py api.py  pages (/r/...) and JSON (/api/v1/reports...); see urls.py

Pages: POST /r/ (the debugger's form + share_ttl, share_hide), GET /r/<id>, /r/<id>.json,
/r/<id>.md, POST /r/<id>/delete (delete_token), POST /r/<id>/open.
API: POST /api/v1/reports -> 201; GET /api/v1/reports/<id>; DELETE with X-Delete-Token -> 204.
"""
