"""The packet's documents: one module a kind (memo, circular, report, progress,
progress memo), the บันทึกข้อความ form they share (``bantuek``), their wording, the
report's chart, and the registry of kinds (``kinds``) that everything else reads."""
