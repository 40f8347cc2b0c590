"""Rewrites `import { A, B } from "@/components/ui"` into one import per module of the UI kit.

The kit has no barrel (index.ts) any more: through it every screen loaded every primitive (cmdk, each
radix part). For branches written against the barrel: `python3 scripts/split-ui-imports.py` from web/.
"""

import pathlib
import re

owner: dict[str, str] = {}
for module in pathlib.Path("src/components/ui").glob("*.tsx"):
    if module.name.endswith(".test.tsx"):
        continue
    text = module.read_text()
    for name in re.findall(r"^export (?:async )?(?:function|const|interface|type|class) (\w+)", text, re.M):
        owner[name] = module.stem

pattern = re.compile(r'import (type )?\{([^}]*)\} from "@/components/ui";')
for path in pathlib.Path("src").rglob("*.ts*"):
    source = path.read_text()
    if '"@/components/ui"' not in source:
        continue

    def split(match: re.Match[str]) -> str:
        groups: dict[str, list[str]] = {}
        for name in (part.strip() for part in match.group(2).split(",")):
            if name:
                groups.setdefault(owner[name.removeprefix("type ").strip()], []).append(name)
        return "\n".join(
            f'import {match.group(1) or ""}{{ {", ".join(names)} }} from "@/components/ui/{module}";'
            for module, names in sorted(groups.items())
        )

    path.write_text(pattern.sub(split, source))
    print(path)
