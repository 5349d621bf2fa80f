"""aimo_sandbox runs model-written Python for aimo: one persistent worker
process per attempt, driven by aimo's Go side over a line-delimited JSON
protocol (see worker.py)."""
