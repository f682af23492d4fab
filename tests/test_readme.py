"""The README's two commands stay true: CI runs the test command as written."""
from tests.conftest import ROOT


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```")[0].strip() for b in readme.split("```bash\n")[1:3]]
    assert blocks[0].endswith("streamlit run app.py")
    assert blocks[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        assert (ROOT / requirements).exists()


def test_the_readme_says_how_the_office_installs_and_starts_it():
    import start

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    office = readme[readme.index("### On the office's computer"):readme.index("Dependencies:")]
    wanted = ".".join(map(str, start.MIN_PYTHON))
    for says in (f"Python ≥ {wanted}", "sudo apt install python3 python3-venv", "python3 start.py",
                 "double-click `start.bat`", start.ADDRESS, "headless = true", "var/lvzhi.duckdb",
                 "var/backups/lvzhi/", "docs/使用说明.md"):
        assert says in office, says
    assert (ROOT / "start.bat").exists() and (ROOT / "start.py").exists()
