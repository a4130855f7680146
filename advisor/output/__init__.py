"""Output: words and numbers for people (terminal text), data for programs (JSON, CSV, ...), and
atomic files. Each command's formats are a registry (``formats``); the library's results are
translated and formatted only here."""
