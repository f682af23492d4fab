"""Reading office workbooks: files, layouts, vocabularies, column mappings and name matching.

Pure functions of a file's bytes and the office's own knowledge (its vocabulary, its column
mappings, its roster); nothing here touches the database or Streamlit. ``data.importer``
loads that knowledge from the store, asks this package to read, and writes the records."""
