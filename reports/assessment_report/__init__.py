"""The assessment report: one assessment's four columns, radar chart, gap analysis and next
steps as an A4 PDF, for whoever may see the assessment.

``selectors`` reads its inputs, ``facts`` turns them into plain data (pure), ``pdf`` renders
those facts (WeasyPrint, loaded only there), ``services`` stores the PDF under a content
fingerprint, ``views`` serves the download.
"""
