"""Apply data-b's edits that need the new model (run from the worktree root)."""
import pathlib, re, shutil, sys
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
def edit(rel, old, new):
    p = root / rel; t = p.read_text()
    assert old in t, (rel, old); p.write_text(t.replace(old, new, 1))
C = "facts/claims/"
edit(C+"withdrawal/french-withdrawal-from-niger-announced-2023-09-24.yaml", "date: '2023-09-24'\n", "deadline: '2023-12-31'\ndate: '2023-09-24'\n")
edit(C+"withdrawal/french-withdrawal-from-niger-announced-2023-09-24.yaml", "  Macron spoke in a television interview. The deadline he gave, a full pullout by the end of\n  2023, is in the sources (Business Recorder, TRT World); the troops",
     "  Macron spoke in a television interview. The deadline is his 'by the end of the year' (Business\n  Recorder, TRT World), read as 31 December 2023; the troops")
edit(C+"expulsion_order/chad-orders-french-troops-out-by-2025-01-31.yaml", "date: ../2024-12-20\n", "deadline: '2025-01-31'\ndate: ../2024-12-20\n")
edit(C+"expulsion_order/chad-orders-french-troops-out-by-2025-01-31.yaml", " The deadline will move to the\n  model's new deadline field once it exists.", "")
edit(C+"withdrawal/us-repositioning-from-chad-announced-2024-04-25.yaml", "date: '2024-04-25'\n", "destination: country:DEU\ndate: '2024-04-25'\n")
edit(C+"withdrawal/german-forces-leave-niger-2024-08-30.yaml", "date: '2024-08-30'\n", "destination: country:DEU\ndate: '2024-08-30'\n")
edit("facts/organisations/alliance-of-sahel-states.yaml", "category: international_organisation", "category: alliance")
edit("facts/organisations/alliance-of-sahel-states.yaml", " Category international_organisation until the model has alliance.", "")
edit("facts/organisations/aes-unified-force.yaml", "category: international_mission", "category: military_operation")
edit("facts/organisations/aes-unified-force.yaml", " Category international_mission until\n  the model has military_operation; not", " Not")
pend = root / "research/pending/data-b/facts/claims"
for f in sorted(pend.rglob("*.yaml")):
    dest = root / "facts/claims" / f.relative_to(pend)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(f), dest)
print("done")
