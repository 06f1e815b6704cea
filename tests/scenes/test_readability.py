"""scenes.readability: WCAG contrast, simulated colour-vision deficiencies and CIEDE2000
through coloraide, the roles behind a scene's colours, and the sentences the checks
print. (Every scene against these targets: test_scenes_readable.py.)"""

from __future__ import annotations

import numpy as np
import pytest

from scenes.inspection.palette import Paint
from scenes.readability import (
    MIN_DIFFERENCE,
    VISIONS,
    compared,
    contrast,
    contrast_problems,
    difference,
    pair_problems,
    pairs,
    palette,
    simulate,
    simulate_pixels,
    weakest_pair,
)
from scenes.theme import DARK, LIGHT, THEMES, color_roles


class TestContrast:
    @pytest.mark.parametrize(
        "fg,bg,ratio",
        [
            ("#000000", "#FFFFFF", 21.0),
            ("#FFFFFF", "#000000", 21.0),  # symmetric
            ("#777777", "#777777", 1.0),
            ("#767676", "#FFFFFF", 4.54),  # the lightest grey that passes AA on white
            ("#777777", "#FFFFFF", 4.48),  # and the first that fails
        ],
    )
    def test_known_wcag_ratios(self, fg: str, bg: str, ratio: float) -> None:
        assert contrast(fg, bg) == pytest.approx(ratio, abs=0.01)


class TestSimulation:
    @pytest.mark.parametrize("vision", list(VISIONS))
    def test_a_grey_stays_grey(self, vision: str) -> None:
        assert difference("#808080", simulate("#808080", vision).to_string(hex=True)) < 1.0

    def test_red_and_green_meet_for_the_red_green_deficiencies_only(self) -> None:
        red, green = "#D55E00", "#6BA539"
        assert difference(red, green) > 40
        for vision in ("deuteranopia", "protanopia"):
            assert difference(red, green, vision) < 15
        assert difference(red, green, "tritanopia") > 30

    def test_the_issue_measurement_of_the_old_teal_and_pink(self) -> None:
        # issue 13: dark entropy (teal) and kl (pink) are the same colour with deuteranopia
        assert difference("#4FD1C5", "#F778BA") > 40
        assert difference("#4FD1C5", "#F778BA", "deuteranopia") < 5

    def test_an_image_is_simulated_colour_by_colour(self) -> None:
        teal, pink = (0x4F, 0xD1, 0xC5), (0xF7, 0x78, 0xBA)
        image = np.array([[teal, pink], [pink, teal]], dtype=np.uint8)
        seen = simulate_pixels(image, "deuteranopia")
        assert seen.shape == image.shape and seen.dtype == np.uint8
        assert (seen[0, 0] == seen[1, 1]).all() and (seen[0, 1] == seen[1, 0]).all()
        hexes = ["#{:02X}{:02X}{:02X}".format(*seen[0, i]) for i in (0, 1)]
        assert hexes == [simulate(h, "deuteranopia").to_string(hex=True, upper=True)
                         for h in ("#4FD1C5", "#F778BA")]  # fmt: skip

    def test_unknown_vision(self) -> None:
        with pytest.raises(ValueError, match="unknown vision 'blurry'"):
            simulate("#808080", "blurry")


class TestPalette:
    def test_colours_map_back_to_roles_and_text_roles(self) -> None:
        shown = [
            Paint(DARK.kl.upper(), True),
            Paint(DARK.kl.upper(), False),
            Paint(DARK.model_dist.lower(), False),
            Paint(DARK.panel.upper(), False),
            Paint("#123456", False),
        ]
        found = palette(DARK, shown)
        assert found.roles == {"kl", "model_dist", "panel"}
        assert found.text_roles == {"kl"}
        assert found.unmatched == {Paint("#123456", False)}

    def test_every_role_has_its_own_colour(self) -> None:
        for theme in THEMES.values():
            colours = [getattr(theme, role).upper() for role in color_roles()]
            assert len(set(colours)) == len(colours), theme.name


class TestProblems:
    def test_contrast_problems_name_the_role_and_surface(self) -> None:
        weak = LIGHT.__class__(**{**vars(LIGHT), "true_dist": "#B7791F", "panel": "#F1F3F5"})
        assert contrast_problems(weak, ["true_dist", "text"]) == [
            "light: text in true_dist has 3.64:1 on the background (needs 4.5:1)",
            "light: text in true_dist has 3.27:1 on the panel (needs 4.5:1)",
        ]

    def test_pair_problems_skip_surfaces_and_exempt_pairs(self) -> None:
        old = DARK.__class__(**{**vars(DARK), "entropy": "#4FD1C5", "kl": "#F778BA"})
        problems = pair_problems(old, ["entropy", "kl", "background", "panel"])
        assert any(p.startswith("dark: entropy and kl are") and "deuteranopia" in p
                   for p in problems)  # fmt: skip
        assert pair_problems(old, ["entropy", "kl"], exempt=[("kl", "entropy")]) == []

    def test_neutral_inks_are_kept_apart_with_normal_vision_only(self) -> None:
        assert compared("entropy", "kl", "deuteranopia")
        assert compared("entropy", "muted", "normal") and compared("text", "muted", "normal")
        assert not compared("entropy", "muted", "deuteranopia")
        # a teal that a deuteranope sees as the muted grey: fine; with normal vision: not
        grey_teal = DARK.__class__(**{**vars(DARK), "entropy": "#4FD1C5", "muted": "#B3B8C6"})
        assert pairs(grey_teal, ["entropy", "muted"], "deuteranopia") == []
        assert pair_problems(grey_teal, ["entropy", "muted"]) == []
        near = DARK.__class__(**{**vars(DARK), "entropy": "#9DA6B5"})
        assert [p.split(" are ")[0] for p in pair_problems(near, ["entropy", "muted"])] == [
            "dark: entropy and muted"
        ]

    def test_weakest_pair(self) -> None:
        pair = weakest_pair(DARK, ["text", "muted", "background"], "normal")
        assert pair is not None and (pair.first, pair.second) == ("muted", "text")
        assert pair.difference >= MIN_DIFFERENCE
        assert weakest_pair(DARK, ["text"], "normal") is None
