"""Assessment: playbooks of indicators and phases, and the phase the ledger's evidence supports.

See ``docs/playbooks.md``. This stage reads stories and claims (records) and never writes the
ledger.
"""

from __future__ import annotations

from watchfloor.assess.playbook import Playbook, load_playbook

__all__ = ["Playbook", "load_playbook"]
