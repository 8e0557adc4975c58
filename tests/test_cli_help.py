"""The command's help: a description, examples, environment variables and exit codes for every subcommand."""

import json
import re
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from pipelines import cli, cli_help, settings
from pipelines.core import claims

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("run", "show", "snapshot", "claims", "ui")


def help_of(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as stop:
        cli.main([*args, "--help"])
    assert stop.value.code == 0
    return capsys.readouterr().out


def test_version_comes_from_the_package_metadata(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"claimtrail {metadata.version('claimtrail')}"


def test_the_main_help_lists_every_command(capsys):
    text = help_of(capsys)
    assert all(re.search(rf"^    {c}\s+\S", text, re.MULTILINE) for c in COMMANDS)
    assert "examples:" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_description_examples_environment_and_exit_codes(capsys, command):
    text = help_of(capsys, command)
    usage, description = text.split("\n\n")[:2]
    assert usage.startswith(f"usage: claimtrail {command}") and len(description.split()) >= 8
    examples = text.split("examples:\n", 1)[1].split("\n\n", 1)[0]
    assert examples.count(f"claimtrail {command}") >= 1
    assert "environment variables:\n" in text
    codes = text.split("exit status:\n", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"^  0  \S", codes, re.MULTILINE) and re.search(r"^  2  \S", codes, re.MULTILINE)


@pytest.mark.parametrize("command", ["run", "ui"])
def test_run_and_ui_name_every_environment_variable(capsys, command):
    text = help_of(capsys, command)
    for name in settings.ENVIRONMENT:
        assert re.search(rf"^  {name}\s+\S", text, re.MULTILINE), name


@pytest.mark.parametrize(("command", "names"), [("show", {"CLAIMTRAIL_WAREHOUSE", "CLAIMTRAIL_LOCK_WAIT"}),
                                                ("snapshot", {"CLAIMTRAIL_WAREHOUSE", "CLAIMTRAIL_LOCK_WAIT"})])
def test_readers_name_the_variables_they_read(capsys, command, names):
    block = help_of(capsys, command).split("environment variables:\n", 1)[1].split("\n\n", 1)[0]
    assert set(re.findall(r"^  ([A-Z_]+)\s", block, re.MULTILINE)) == names


def test_every_variable_the_code_reads_is_documented():
    read = set()
    for path in (ROOT / "pipelines").rglob("*.py"):
        read |= set(re.findall(r"""environ(?:\.get)?\(?\[?\s*["'](CLAIMTRAIL_\w+)["']""", path.read_text()))
        read |= set(re.findall(r"""getenv\(\s*["'](CLAIMTRAIL_\w+)["']""", path.read_text()))
    missing = sorted(read - set(settings.ENVIRONMENT))
    assert read and not missing, f"add {missing} to pipelines/settings.ENVIRONMENT (shown in every --help)"


def test_claims_help_states_its_input_and_output(capsys):
    text = help_of(capsys, "claims")
    assert "standard input" in text and "one passage per line" in text
    assert "standard output, one JSON object per input line" in text and '"text"' in text and '"claims"' in text
    for field in claims.RECORD_FIELDS:
        assert re.search(rf"^\s+{field}\s+\S", text, re.MULTILINE), field


def test_the_documented_claim_fields_are_the_output_fields(capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("The port handled at least 1,200 ships last year.\n"))
    assert cli.main(["claims"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert list(line) == ["text", "claims"]
    assert list(line["claims"][0]) == list(cli_help.CLAIM_FIELDS) == list(claims.RECORD_FIELDS)


def test_defaults_are_shown_as_project_paths(capsys, monkeypatch):
    monkeypatch.delenv("CLAIMTRAIL_INPUT", raising=False)
    monkeypatch.delenv("CLAIMTRAIL_WAREHOUSE", raising=False)
    text = help_of(capsys, "run")
    assert f"default: {ROOT / 'seeds'}" in " ".join(text.split())
    assert f"Defaults are in the project folder ({ROOT})" in text


def test_the_code_location_is_named_claimtrail():
    entry = yaml.safe_load((ROOT / "workspace.yaml").read_text())["load_from"][0]["python_module"]
    assert entry["location_name"] == "claimtrail" and entry["module_name"] == "pipelines.definitions"
