"""The done-when script of issue 14 (examples/python/pyclesperanto_style.py) agrees with SciPy/numpy."""

import runpy
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "python" / "pyclesperanto_style.py"


def test_pyclesperanto_style_example_agrees_with_scipy(capsys):
    main = runpy.run_path(str(EXAMPLE), run_name="example")["main"]
    assert main(["--shape", "9", "31", "27", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "agrees with SciPy/numpy: yes" in out
