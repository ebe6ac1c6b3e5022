"""What the dashboard says right after an incident kill: the cell shows the new value as
baking (AppConfig serves it to everyone while watching alarms), the Flag view says when
the bake ends, and `:asof` shows the fleet as it was before the kill."""
import datetime
import tempfile

from tmux_driver import TmuxSession

FLAG = "recs_cart_addons"  # on in prod in both search-prod regions in the demo seed


def test_a_kill_shows_as_baking_and_asof_shows_the_fleet_before_it(flagdeck_bin, isolated_home):
    demo_dir = tempfile.mkdtemp(prefix="fd-demo-")
    env = {**isolated_home, "FLAGDECK_DEMO_DIR": demo_dir}
    # Real time, so the 10-minute bake of AppConfig.AllAtOnce outlasts the test.
    with TmuxSession([flagdeck_bin, "demo", "--time-scale", "1"], width=140, height=45, env=env) as tui:
        tui.wait_for(r"Flags\(175\)", timeout=60)
        before_kill = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)
        tui.send("!")
        tui.type(FLAG)
        tui.wait_for(r"› recommendations/feature-flags/" + FLAG)
        tui.send("Enter")
        tui.wait_for(r"Toggle recommendations")
        tui.send("Enter")
        tui.wait_for(r"press y twice", timeout=20)
        tui.send("y")
        tui.send("y")
        tui.wait_for(r"✔ search-prod/eu-west-1/prod(.*\n)*.*✔ search-prod/us-east-1/prod", timeout=30)
        tui.send("Escape")

        # The next scan shows the new value, marked baking, in both production regions.
        tui.send(":")
        tui.type("account search-prod")
        tui.send("Enter")
        tui.send("/")
        tui.type(FLAG)
        tui.send("Enter")
        tui.send("C-r")
        screen = tui.wait_for(FLAG + r" .*○ off ⧗.*○ off ⧗", timeout=60)
        assert "⧗ baking" in screen, "the legend explains the mark"

        tui.send("Enter")
        screen = tui.wait_for(r"Flag recommendations/feature-flags/" + FLAG)
        assert screen.count("baking until") >= 2, screen
        tui.send("Escape")

        # The auditor's question: what was live just before the kill?
        moment = before_kill.strftime("%Y-%m-%d %H:%M:%S")
        tui.send(":")
        tui.type(f"asof {moment}")
        tui.send("Enter")
        screen = tui.wait_for(r"AS OF " + before_kill.strftime("%Y-%m-%d %H:%M") + r" UTC", timeout=10)
        screen = tui.wait_for(FLAG + r" +(\S+ +)*● on", timeout=60)
        assert "⧗" not in screen.split(FLAG, 1)[1].splitlines()[0]

        tui.send(":")
        tui.type("asof")
        tui.send("Enter")
        tui.wait_for(r"showing the fleet now", timeout=10)
        tui.wait_for(FLAG + r" .*○ off ⧗", timeout=60)
        assert "AS OF" not in tui.screen()
        tui.send("Escape", "q")
        assert tui.wait_exit(timeout=20) == 0
