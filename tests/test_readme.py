"""The README's two commands stay true: CI runs the test command as written."""
from tests.conftest import ROOT


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```")[0].strip() for b in readme.split("```bash\n")[1:3]]
    assert blocks[0].endswith("streamlit run app.py")
    assert blocks[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        assert (ROOT / requirements).exists()
