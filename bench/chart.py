"""A bar chart of the ratios to the baseline, drawn with Pillow (already a
dependency of the app), so the benchmarks need no plotting library."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, ROW, LEFT, RIGHT, TOP = 900, 34, 230, 60, 56
FULL_SCALE = 1.0  # a ratio of 1 (as fast as the baseline) spans the plot


def ratio_chart(
    path: Path, title: str, ratios: dict[str, float], targets: dict[str, float]
) -> None:
    """One bar per endpoint (green when it meets its target, else red), the
    target as a black tick, the value at the end of the bar."""
    height = TOP + ROW * len(ratios) + 40
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=15)
    draw.text((16, 14), title, fill="black", font=font)
    plot = WIDTH - LEFT - RIGHT

    def x(ratio: float) -> int:
        return LEFT + round(plot * min(ratio, FULL_SCALE) / FULL_SCALE)

    for n, (name, ratio) in enumerate(ratios.items()):
        top = TOP + n * ROW
        target = targets.get(name)
        met = target is None or ratio >= target
        draw.text((16, top + 6), name, fill="black", font=font)
        draw.rectangle(
            (LEFT, top + 4, x(ratio), top + ROW - 6),
            fill="#4c9a52" if met else "#c8553d",
        )
        draw.text((x(ratio) + 6, top + 6), f"{ratio:.2f}", fill="black", font=font)
        if target is not None:
            draw.line((x(target), top, x(target), top + ROW - 2), fill="black", width=3)
    axis = TOP + ROW * len(ratios) + 4
    draw.line((LEFT, axis, WIDTH - RIGHT, axis), fill="black")
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        draw.text((x(tick) - 10, axis + 6), f"{tick:g}", fill="black", font=font)
    image.save(path)
