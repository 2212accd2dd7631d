"""On PostgreSQL the access log refuses UPDATE and DELETE in the database
itself, whatever code or console tries it.

Two deliberate exceptions: the purge, which sets the transaction-local
setting werkbehoud.purging_access_log (retention.models.access_log
.purge_allowed), and setting actor to NULL when an account is removed (the
actor_label keeps who it was). SQLite has no such trigger; the model refuses
there.
"""

from django.db import migrations

TABLE = "retention_accesslogentry"

CREATE = f"""
CREATE OR REPLACE FUNCTION werkbehoud_access_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('werkbehoud.purging_access_log', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'The access log is append-only: DELETE refused'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
        AND NEW.id = OLD.id
        AND NEW.employee_id = OLD.employee_id
        AND NEW.actor_label = OLD.actor_label
        AND NEW.action = OLD.action
        AND NEW.subject = OLD.subject
        AND NEW.at = OLD.at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The access log is append-only: UPDATE refused'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER werkbehoud_access_log_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION werkbehoud_access_log_append_only();
"""

DROP = f"""
DROP TRIGGER IF EXISTS werkbehoud_access_log_append_only ON {TABLE};
DROP FUNCTION IF EXISTS werkbehoud_access_log_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("retention", "0003_access_log_subjects")]

    operations = [migrations.RunPython(create, drop)]
