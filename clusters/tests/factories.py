from decimal import Decimal

import factory

from clusters.models import Cluster, ClusterYear, Criterion, CriterionGroup, Membership, Score
from thiduakt.tests.factories import OrgUnitFactory


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cụm thi đua thử nghiệm {n}")
    kind = Cluster.Kind.CLUSTER


class ClusterYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterYear

    cluster = factory.SubFactory(ClusterFactory)
    year = 2023


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    cluster_year = factory.SubFactory(ClusterYearFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    rotation_position = factory.Sequence(lambda n: n + 1)


class CriterionGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionGroup

    cluster_year = factory.SubFactory(ClusterYearFactory)
    title = factory.Sequence(lambda n: f"Nhóm tiêu chí {n}")
    position = factory.Sequence(lambda n: n + 1)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    group = factory.SubFactory(CriterionGroupFactory)
    title = factory.Sequence(lambda n: f"Tiêu chí {n}")
    position = factory.Sequence(lambda n: n + 1)
    max_points = Decimal("10")


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    membership = factory.SubFactory(MembershipFactory)
    criterion = factory.SubFactory(CriterionFactory)
    self_points = Decimal("5")


def cluster_with_members(units, *, year=2023, head=None, deputy=None, rule=Cluster.RotationRule.FIXED_ORDER, **kw):
    """A cluster year whose members are ``units`` in that rotation order."""
    cluster = ClusterFactory(rotation_rule=rule, **kw)
    cluster_year = ClusterYearFactory(cluster=cluster, year=year)
    for position, unit in enumerate(units, start=1):
        role = Membership.Role.MEMBER
        if head is not None and unit.pk == head.pk:
            role = Membership.Role.HEAD
        elif deputy is not None and unit.pk == deputy.pk:
            role = Membership.Role.DEPUTY
        Membership.objects.create(cluster_year=cluster_year, unit=unit, role=role, rotation_position=position)
    return cluster_year
