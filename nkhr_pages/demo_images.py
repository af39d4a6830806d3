"""Illustrations for the demo, drawn here with Pillow: a candle, landscapes,
abstract shapes. No photographs, and nobody real: the demo must never show a
face it could not ask consent for.

One of them (``figures``, outlined people with no features) is flagged "do
not identify", as a photo of refugees would be, so that the demo shows the
placeholder visitors get instead of such a picture.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFilter

from .models import ProtectedImage

NIGHT = (22, 27, 45)
DUSK = (64, 52, 92)
FLAME = (250, 190, 70)
CANDLE_RED = (176, 32, 44)
PAPER = (246, 241, 232)


def _gradient(size: tuple[int, int], top, bottom) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return image


def candle(size: tuple[int, int] = (1600, 700)) -> Image.Image:
    """A lit candle against a night sky, its glow spreading: the NKHR motto."""
    width, height = size
    image = _gradient(size, NIGHT, DUSK)
    glow = Image.new("RGB", size, (0, 0, 0))
    draw = ImageDraw.Draw(glow)
    cx, cy = int(width * 0.68), int(height * 0.42)
    for radius in range(int(height * 0.8), 0, -8):
        level = 1 - radius / (height * 0.8)
        draw.ellipse(
            [cx - radius, cy - radius, cx + radius, cy + radius],
            fill=(int(120 * level), int(80 * level), int(30 * level)),
        )
    image = Image.blend(image, glow.filter(ImageFilter.GaussianBlur(30)), 0.45)
    draw = ImageDraw.Draw(image)
    rng = random.Random(1996)  # noqa: S311 - a drawing, not a secret
    for _star in range(90):
        x, y = rng.randrange(width), rng.randrange(int(height * 0.6))
        draw.point((x, y), fill=(230, 230, 250))
    body_w, body_h = int(height * 0.12), int(height * 0.42)
    left, top = cx - body_w // 2, cy + int(height * 0.08)
    draw.rounded_rectangle(
        [left, top, left + body_w, top + body_h], radius=8, fill=PAPER
    )
    draw.line([(cx, top), (cx, top - 14)], fill=(40, 30, 30), width=4)
    flame_h = int(height * 0.14)
    draw.ellipse(
        [cx - flame_h // 4, top - 14 - flame_h, cx + flame_h // 4, top - 10],
        fill=FLAME,
    )
    draw.ellipse(
        [cx - flame_h // 9, top - 14 - flame_h // 2, cx + flame_h // 9, top - 14],
        fill=(255, 245, 210),
    )
    draw.rectangle([0, int(height * 0.93), width, height], fill=(18, 20, 32))
    return image


def mountains(size: tuple[int, int] = (1200, 750)) -> Image.Image:
    """Ridges at dawn, one behind the other."""
    width, height = size
    image = _gradient(size, (250, 214, 170), (232, 150, 120))
    draw = ImageDraw.Draw(image)
    draw.ellipse(
        [width * 0.15, height * 0.2, width * 0.15 + 140, height * 0.2 + 140],
        fill=(255, 240, 200),
    )
    rng = random.Random(38)  # noqa: S311 - a drawing, not a secret
    shades = [(150, 90, 110), (110, 64, 96), (72, 44, 78), (40, 30, 56)]
    for layer, colour in enumerate(shades):
        base = height * (0.45 + layer * 0.14)
        points = [(0, height)]
        for x in range(0, width + 60, 60):
            points.append((x, base - rng.randint(0, 90) + 40 * math.sin(x / 170)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    return image


def river(size: tuple[int, int] = (1200, 750)) -> Image.Image:
    """A river winding between two banks, seen from above."""
    width, height = size
    image = Image.new("RGB", size, (116, 146, 104))
    draw = ImageDraw.Draw(image)
    for band in range(0, height, 24):
        draw.line([(0, band), (width, band + 40)], fill=(104, 134, 94), width=10)
    points_left, points_right = [], []
    for y in range(-20, height + 40, 20):
        x = width * 0.5 + width * 0.18 * math.sin(y / 130)
        points_left.append((x - 70 - 20 * math.sin(y / 50), y))
        points_right.append((x + 70 + 20 * math.cos(y / 60), y))
    draw.polygon(points_left + points_right[::-1], fill=(92, 138, 180))
    for y in range(0, height, 46):
        x = width * 0.5 + width * 0.18 * math.sin(y / 130)
        draw.line([(x - 30, y), (x + 30, y + 6)], fill=(170, 205, 230), width=3)
    return image


def shapes(size: tuple[int, int] = (1200, 750)) -> Image.Image:
    """Overlapping paper shapes in the site's colours."""
    width, height = size
    image = Image.new("RGB", size, PAPER)
    draw = ImageDraw.Draw(image, "RGBA")
    rng = random.Random(2024)  # noqa: S311 - a drawing, not a secret
    colours = [(176, 32, 44, 170), (250, 190, 70, 170), (22, 27, 45, 150)]
    for n in range(14):
        colour = colours[n % len(colours)]
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(60, 220)
        if n % 2:
            draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        else:
            draw.rectangle([x - r, y - r // 2, x + r, y + r // 2], fill=colour)
    return image


def figures(size: tuple[int, int] = (1200, 750)) -> Image.Image:
    """Outlined, featureless people: stands in for a photo of refugees."""
    width, height = size
    image = _gradient(size, (200, 210, 220), (150, 160, 175))
    draw = ImageDraw.Draw(image)
    for n, scale in enumerate((1.0, 0.8, 0.9, 0.65)):
        cx = int(width * (0.2 + n * 0.2))
        head = int(60 * scale)
        top = int(height * 0.3 + (1 - scale) * 200)
        draw.ellipse([cx - head, top, cx + head, top + 2 * head], fill=(70, 80, 95))
        draw.rounded_rectangle(
            [cx - int(110 * scale), top + 2 * head + 10, cx + int(110 * scale), height],
            radius=int(60 * scale),
            fill=(70, 80, 95),
        )
    return image


@dataclass(frozen=True)
class DemoImage:
    key: str
    draw: Callable[[], Image.Image]
    title: str
    alt_en: str
    alt_ko: str
    do_not_identify: bool = False


DEMO_IMAGES = [
    DemoImage(
        "candle",
        candle,
        "Illustration: a candle in the night",
        "Illustration: a lit candle glowing against a starry night sky",
        "그림: 별이 뜬 밤하늘 아래 환하게 켜진 촛불",
    ),
    DemoImage(
        "mountains",
        mountains,
        "Illustration: mountains at dawn",
        "Illustration: mountain ridges under a dawn sky",
        "그림: 새벽하늘 아래 겹겹이 이어진 산줄기",
    ),
    DemoImage(
        "river",
        river,
        "Illustration: a river between two banks",
        "Illustration: a river winding between green banks, seen from above",
        "그림: 위에서 내려다본, 푸른 강둑 사이로 굽이치는 강",
    ),
    DemoImage(
        "shapes",
        shapes,
        "Illustration: paper shapes",
        "Illustration: overlapping red, yellow and dark paper shapes",
        "그림: 빨강, 노랑, 짙은 색 종이 도형이 겹쳐 있는 모습",
    ),
    DemoImage(
        "figures",
        figures,
        "Illustration standing in for a photo of refugees (do not identify)",
        "Illustration: four featureless figures standing together",
        "그림: 얼굴 없이 나란히 선 네 사람의 형상",
        do_not_identify=True,
    ),
]


def ensure_demo_images() -> dict[str, ProtectedImage]:
    """The demo's illustrations by key, drawn once (found again by title)."""
    images = {}
    for spec in DEMO_IMAGES:
        image = ProtectedImage.objects.filter(title=spec.title).first()
        if image is None:
            buffer = io.BytesIO()
            spec.draw().save(buffer, format="PNG", optimize=True)
            image = ProtectedImage(
                title=spec.title,
                description=spec.alt_en,
                description_ko=spec.alt_ko,
                do_not_identify=spec.do_not_identify,
            )
            image.file = ImageFile(buffer, name=f"demo-{spec.key}.png")
            image.save()
        images[spec.key] = image
    return images
