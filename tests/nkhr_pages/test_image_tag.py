"""``{% protected_image %}``: srcset, dimensions, lazy loading, identity protection."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from wagtail.images.tests.utils import get_test_image_file

from nkhr_pages.models import ProtectedImage
from nkhr_pages.templatetags.nkhr_images import COVER_SPEC, srcset_specs


def render(image, spec: str, loading: str = "lazy") -> str:
    template = Template(
        "{% load nkhr_images %}{% protected_image image spec 'photo' loading %}"
    )
    return template.render(Context({"image": image, "spec": spec, "loading": loading}))


@pytest.fixture
def photo(db):
    # A 1600x1000 test image, large enough for every srcset width.
    file = get_test_image_file(size=(1600, 1000))
    return ProtectedImage.objects.create(title="Rally in Seoul", file=file)


def test_srcset_specs_keep_the_crop():
    assert srcset_specs("fill-1600x600") == [
        "fill-1200x450",
        "fill-800x300",
        "fill-480x180",
    ]
    assert srcset_specs("width-1000") == ["width-800", "width-480"]
    assert srcset_specs("original") == []


def test_lazy_image_with_srcset_and_dimensions(photo):
    html = render(photo, "width-1200")
    assert 'loading="lazy"' in html
    assert 'width="1200"' in html
    assert 'height="750"' in html
    assert 'alt="Rally in Seoul"' in html
    srcset = html.split('srcset="')[1].split('"')[0]
    widths = [entry.rsplit(" ", 1)[1] for entry in srcset.split(", ")]
    assert widths == ["480w", "800w", "1200w"]
    assert 'sizes="' in html


def test_above_the_fold_image_is_eager_and_prioritised(photo):
    html = render(photo, "fill-1600x600", loading="eager")
    assert 'loading="eager"' in html
    assert 'fetchpriority="high"' in html
    assert 'width="1600"' in html
    assert 'height="600"' in html


def test_small_original_gets_no_duplicate_widths(db):
    small = ProtectedImage.objects.create(
        title="Small", file=get_test_image_file(size=(300, 200))
    )
    html = render(small, "width-1200")
    assert "srcset" not in html  # every variant would be the same 300 px file
    assert 'width="300"' in html


@pytest.mark.parametrize(
    "fields",
    [
        {"do_not_identify": True},
        {"consent_expires_on": datetime.date(2000, 1, 1)},
    ],
)
def test_protected_images_never_render(photo, fields):
    for name, value in fields.items():
        setattr(photo, name, value)
    photo.save()
    html = render(photo, "width-1200")
    assert "<img" not in html
    assert 'role="img"' in html
    assert not photo.renditions.exists()


def test_covers_get_narrower_srcset_widths():
    # Covers are shown 4-16rem wide: 180 px is enough for the smallest.
    assert srcset_specs(COVER_SPEC) == [
        "fill-480x640",
        "fill-360x480",
        "fill-240x320",
        "fill-180x240",
    ]
    # Other specs keep the usual widths.
    assert srcset_specs("fill-800x500") == ["fill-480x300"]
