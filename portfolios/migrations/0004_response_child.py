"""Responses carry their entry's child (see portfolios.models.Response.child)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_the_entrys_child(apps, schema_editor):
    Response = apps.get_model("portfolios", "Response")
    PortfolioEntry = apps.get_model("portfolios", "PortfolioEntry")
    entry_child = PortfolioEntry.objects.filter(pk=OuterRef("entry_id")).values("child_id")[:1]
    Response.objects.update(child_id=Subquery(entry_child))


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0004_anonymised_at"),
        ("portfolios", "0003_portfolio_reviews"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="child",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="families.child",
                verbose_name="child",
            ),
        ),
        migrations.RunPython(copy_the_entrys_child, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="response",
            name="child",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="families.child",
                verbose_name="child",
            ),
        ),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(
                condition=models.Q(("perspective", "parent")),
                fields=["child", "created_at"],
                name="response_parent_by_child",
            ),
        ),
    ]
