"""The approval chain: a packet's memo sent up its signer's line (``reports_to``), each
official's note written into ``memo.annotations`` as a version of the history, the
chief executive's decision, what was approved kept (and signed) and held still."""
