"""MotCua: the one-stop (Một cửa) workflow runtime for commune-level service centers."""
