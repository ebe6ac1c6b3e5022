"""The dashboard as a person meets it: start, help, resize, too small, quit."""
import os
import stat

from tmux_driver import TmuxSession


def test_start_help_resize_too_small_and_quit(flagdeck_bin, isolated_home):
    with TmuxSession([flagdeck_bin], width=120, height=40, env=isolated_home) as tui:
        screen = tui.wait_for(r"Flags\(0\)")
        assert "flagdeck" in screen.splitlines()[0]
        assert screen.splitlines()[0].rstrip().endswith("[RW]")
        assert "No configuration file found" in screen
        assert isolated_home["XDG_CONFIG_HOME"] + "/flagdeck/config.yaml" in screen
        assert "<?> help" in screen and "<q> quit" in screen

        tui.send("?")
        screen = tui.wait_for(r"─ Keys ─")
        assert "refresh" in screen and "quit" in screen
        tui.send("Escape")
        tui.wait_for(r"─ Keys ─", absent=True)

        tui.resize(60, 15)
        screen = tui.wait_for(r"┐\s*$")  # the body box redrawn to the new width
        lines = screen.rstrip("\n").split("\n")
        assert lines[2].startswith("┌─ Flags(0)") and lines[2].endswith("┐") and len(lines[2]) == 60
        assert len(lines) == 15 and lines[14].startswith("<?> help")

        tui.resize(20, 5)
        screen = tui.wait_for(r"Terminal too small")
        assert "need 50×12" in screen

        tui.resize(120, 40)
        tui.wait_for(r"Flags\(0\)")
        tui.send("q")
        assert tui.wait_exit() == 0
        # The terminal is given back: the alternate screen is off again.
        assert tui.pane("#{alternate_on}") == "0"

    log = os.path.join(isolated_home["FLAGDECK_STATE_DIR"], "flagdeck.log")
    assert os.path.exists(log)
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(isolated_home["FLAGDECK_STATE_DIR"]).st_mode) == 0o700


def test_read_only_badge_and_env_switch(flagdeck_bin, isolated_home):
    env = {**isolated_home, "FLAGDECK_READ_ONLY": "1"}
    with TmuxSession([flagdeck_bin], width=100, height=30, env=env) as tui:
        screen = tui.wait_for(r"\[RO\]")
        assert "[RW]" not in screen
        tui.send("C-c")
        assert tui.wait_exit() == 0


def test_sigterm_restores_the_terminal(flagdeck_bin, isolated_home):
    with TmuxSession([flagdeck_bin], width=80, height=24, env=isolated_home) as tui:
        tui.wait_for(r"Flags\(0\)")
        os.kill(tui.program_pid(), 15)
        assert tui.wait_exit() == 128 + 15
        assert tui.pane("#{alternate_on}") == "0"


def test_theme_and_command_line(flagdeck_bin, isolated_home):
    with TmuxSession([flagdeck_bin, "--theme", "high-contrast"], width=100, height=30, env=isolated_home) as tui:
        tui.wait_for(r"Flags\(0\)")
        tui.send(":")
        tui.type("aud")
        tui.send("Tab", "Enter")
        tui.wait_for(r"Audit\(0\)")
        tui.send(":")
        tui.type("theme nope")
        tui.send("Enter")
        screen = tui.wait_for(r'theme "nope" not found')
        assert "Audit(0)" in screen
        tui.send("q")
        assert tui.wait_exit() == 0
