"""Personal data as UK GDPR requires (issue 23): what the app holds and why (declarations),
disposal of what has passed its period, the record of processing and DPIA starter, and the
subject-rights tools. This app sits above every other app: it reads their models, none of
them imports it."""
