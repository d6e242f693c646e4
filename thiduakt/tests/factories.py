import factory

from thiduakt.models import OrgUnit, Person, User


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = OrgUnit.Kind.COMMUNE
    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Ủy ban nhân dân xã Thử Nghiệm {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    gender = Person.Gender.MALE
    birth_year = 1980
    unit = factory.SubFactory(OrgUnitFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.PostGenerationMethodCall("set_password", "thiduakt-demo")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OfficerFactory(UserFactory):
    is_unit_officer = True
    unit = factory.SubFactory(OrgUnitFactory)


class StaffFactory(UserFactory):
    is_department_staff = True
