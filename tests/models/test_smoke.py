from tests.factories.world import youth_data


def test_counselor_registers_youth_and_sees_masked_phone(services, world):
    yid = services.youth.create(world.counselor, world.a, youth_data())
    rows = services.youth.search(world.counselor, world.a, "홍길")
    assert [r.id for r in rows] == [yid]
    assert rows[0].phone_masked == "010-****-5678"
