"""Starts the dashboard on this computer, Windows or Linux: checks the Python version,
makes the virtual environment ``.venv`` on the first run, installs the pinned packages
when they are new or changed, then runs ``streamlit run app.py`` with that environment.

``start.bat`` (Windows) runs it; on Linux: ``python3 start.py``. It is written for any
Python 3 so that an old one gets the Chinese message instead of a traceback, and it is
imported by ``app.py`` and ``cli.py`` for the same check.
"""
import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import List, Optional, Sequence

MIN_PYTHON = (3, 11)
ROOT = Path(__file__).resolve().parent
REQUIREMENTS = ("requirements.txt", "requirements.lock")  # requirements.txt pins under the lock
STAMP = "lvzhi-requirements.sha256"  # inside .venv: the requirements it was installed from
ADDRESS = "http://localhost:8501"
DOWNLOAD = "https://www.python.org/downloads/"


def python_problem(version: Sequence[int]) -> Optional[str]:
    """The Chinese message for a Python older than ``MIN_PYTHON``; None when it will do."""
    if tuple(version[:2]) >= MIN_PYTHON:
        return None
    wanted = ".".join(map(str, MIN_PYTHON))
    found = ".".join(map(str, version[:3]))
    return (f"履职考评看板需要 Python {wanted} 或更高版本，这台电脑上运行的是 Python {found}。\n"
            f"Windows：从 {DOWNLOAD} 下载安装 Python {wanted} 或更高版本，安装时勾选「Add python.exe to PATH」，"
            "然后重新双击 start.bat。\n"
            f"Debian/Ubuntu：sudo apt install python3 python3-venv（系统自带的版本低于 {wanted} 时，"
            f"安装 python{wanted} python{wanted}-venv，并用 python{wanted} start.py 启动）。")


def require_python(version: Sequence[int] = sys.version_info) -> None:
    """Exits with the Chinese message (status 1) on a Python that is too old."""
    problem = python_problem(version)
    if problem:
        print(problem, file=sys.stderr)
        sys.exit(1)


def venv_python(venv: Path, windows: bool = os.name == "nt") -> Path:
    """The interpreter of a virtual environment: ``Scripts\\python.exe`` on Windows,
    ``bin/python`` elsewhere."""
    return venv / "Scripts" / "python.exe" if windows else venv / "bin" / "python"


def requirements_hash(root: Path) -> str:
    """One SHA-256 over the names and contents of the requirement files that exist."""
    digest = hashlib.sha256()
    for name in REQUIREMENTS:
        path = root / name
        if path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def needs_install(root: Path, venv: Path) -> bool:
    """Whether the packages must be (re)installed: no stamp in the environment yet, or
    requirement files that changed since the stamp was written."""
    stamp = venv / STAMP
    return not stamp.exists() or stamp.read_text(encoding="ascii").strip() != requirements_hash(root)


def create_venv(venv: Path) -> Optional[str]:
    """Makes the virtual environment with pip; the Chinese reason when it cannot."""
    done = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
    if done.returncode == 0:
        return None
    return ("无法创建 Python 虚拟环境 .venv。Debian/Ubuntu 上请先安装：sudo apt install python3-venv，"
            "删除未建成的 .venv 文件夹后重新启动。\n" + (done.stderr or done.stdout).strip())


def install_requirements(root: Path, venv: Path) -> Optional[str]:
    """Installs requirements.txt into the environment and writes the stamp; the Chinese
    reason when pip fails (nothing stamped, so the next start tries again)."""
    print("正在安装看板所需的软件包（第一次启动或软件包有更新时进行，需要联网，约几分钟）……", flush=True)
    done = subprocess.run([str(venv_python(venv)), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           "-r", str(root / "requirements.txt")], cwd=root)
    if done.returncode != 0:
        return ("软件包安装失败（见上面 pip 的输出）。请检查网络后重新启动；无法访问 PyPI 时，"
                "可先设置环境变量 PIP_INDEX_URL 为国内镜像，如 https://mirrors.aliyun.com/pypi/simple/ 。")
    (venv / STAMP).write_text(requirements_hash(root), encoding="ascii")
    return None


def prepare(root: Path) -> Optional[str]:
    """The environment ready to run the dashboard: created if missing, packages installed
    if new or changed. Returns the Chinese reason when a step fails."""
    venv = root / ".venv"
    if not venv_python(venv).exists():
        print("第一次启动：正在创建 Python 虚拟环境 .venv ……", flush=True)
        problem = create_venv(venv)
        if problem:
            return problem
    if needs_install(root, venv):
        return install_requirements(root, venv)
    return None


def launch_command(root: Path, args: Sequence[str] = ()) -> List[str]:
    """The command that runs the dashboard with the environment's Python."""
    return [str(venv_python(root / ".venv")), "-m", "streamlit", "run", str(root / "app.py"), *args]


def main(argv: Sequence[str] = (), root: Path = ROOT, version: Sequence[int] = sys.version_info) -> int:
    """Checks, prepares and starts; ``--prepare-only`` stops before starting. Other
    arguments go to streamlit (e.g. ``--server.port 8502``)."""
    problem = python_problem(version)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    problem = prepare(root)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if "--prepare-only" in argv:
        print("运行环境已就绪。")
        return 0
    print(f"正在启动看板。启动后在浏览器中打开 {ADDRESS}（浏览器不会自动打开）；"
          "停止看板：在本窗口按 Ctrl+C，或关闭本窗口。", flush=True)
    try:
        return subprocess.call(launch_command(root, list(argv)), cwd=root)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
