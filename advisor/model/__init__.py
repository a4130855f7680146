"""The model: today's P&L, the monthly projection, the strategies and the best mix, and the
uncertainty analysis. Pure numpy over arrays of shops; no files, no printing, no language."""
