"""Stage 8: every output — one module per kind: text reports, plain tables, xlsx, csv, json, the
template, annotated copies, the codes reference. `outputs.summary_pieces` picks one for compile."""
