@echo off
rem lvzhi: double-click to start the dashboard. start.py makes .venv on the first run.
chcp 65001 >nul
cd /d "%~dp0"
set "LVZHI_PY="
where py >nul 2>nul && set "LVZHI_PY=py -3"
if not defined LVZHI_PY (where python >nul 2>nul && set "LVZHI_PY=python")
if not defined LVZHI_PY (
  echo 没有找到 Python。请从 https://www.python.org/downloads/ 下载安装 Python 3.11 或更高版本，
  echo 安装时勾选「Add python.exe to PATH」，然后重新双击 start.bat。
  pause
  exit /b 1
)
%LVZHI_PY% start.py %*
if errorlevel 1 pause
