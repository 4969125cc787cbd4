"""동의 철회 from a page (the 청년 명부's 동의 철회 button): what it will cancel is read first
(on the read pool), the confirmation names it, and the result says what was cancelled.

``withdraw_consent(page, youth_id, name, done)``: ``page`` is a ``gui.common.page.Page``
(its ``ctx``, ``tr`` and ``show_error``); ``done(text)`` gets the Korean line to show when
the withdrawal is recorded. The withdrawal and its cancellations are one transaction
(``PrivacyService.withdraw``).
"""

from __future__ import annotations

from collections.abc import Callable

from gui.common import confirm
from gui.context import Topic
from models.lifecycle.privacy import PrivacyService, Withdrawal
from models.lifecycle.withdrawal import Upcoming


def confirm_text(tr, name: str, upcoming: Upcoming) -> str:
    text = tr("{0} 님의 개인정보 수집·이용 동의 철회를 오늘 날짜로 기록합니다.\n\n").format(name)
    if upcoming.total:
        text += tr("아직 지나지 않은 다음 {0:,}건을 모든 시설에서 '동의 철회' 사유로 함께 취소합니다:\n{1}\n\n").format(
            upcoming.total, upcoming.describe())
    else:
        text += tr("취소할 예정된 예약·대기·지원은 없습니다.\n\n")
    return text + tr("이제 이 청년은 룸·부스를 예약할 수 없고, 개인정보 관리 화면의 파기 대상 목록에 나타납니다.")


def result_text(tr, name: str, result: Withdrawal) -> str:
    text = tr("✓ {0} 님의 동의 철회를 기록했습니다({1}).").format(name, result.day.isoformat())
    if result.cancelled.total:
        text += tr(" 함께 취소: {0}.").format(result.cancelled.describe())
    return text


def withdraw_consent(page, youth_id: int, name: str, done: Callable[[str], None]) -> None:
    ctx = page.ctx
    service, actor, fid = PrivacyService.of(ctx.services), ctx.actor, ctx.facility_id

    def ask(upcoming: Upcoming) -> None:
        if not confirm.ask(page, page.tr("동의 철회"), confirm_text(page.tr, name, upcoming),
                           page.tr("동의 철회 기록")):
            return

        def recorded(result: Withdrawal) -> None:
            done(result_text(page.tr, name, result))
            topics = [Topic.YOUTH]
            if result.cancelled.rooms or result.cancelled.waits:
                topics.append(Topic.BOOKING)
            if result.cancelled.booths:
                topics.append(Topic.BOOTH)
            if result.cancelled.applications:
                topics.append(Topic.COURSES)
            ctx.notify(*topics, origin=page)

        ctx.run(lambda: service.withdraw(actor, fid, youth_id), recorded, page.show_error)

    ctx.load(lambda: service.withdrawal_preview(actor, fid, youth_id), ask, page.show_error)
