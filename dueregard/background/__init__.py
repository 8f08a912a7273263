"""Background work that survives a dead worker, and the limits every upload parse obeys.

- :mod:`.jobs`: a ``BackgroundJob`` row per piece of tracked work (a dataset's check or
  import...). The task beats a heartbeat while it runs; a job whose heartbeat stops is
  marked failed with a message (``sweep``), its owner is told (``on_dead``) and the person
  can try again. A queued job says it is waiting for a worker.
- :mod:`.limits`: size, rows, columns, decompressed size and text length, from settings
  (``UPLOAD_MAX_*``), checked before parsing (from the file's own structure: zip members,
  Parquet metadata, row tags) and after it. Pure: no Django.
"""
