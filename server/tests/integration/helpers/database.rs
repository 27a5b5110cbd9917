//! Looking into a test application's database with plain SQL.

use sea_orm::ConnectionTrait;

use super::TestApp;

impl TestApp {
    pub async fn count(&self, table: &str) -> i64 {
        self.scalar(&format!("SELECT COUNT(*) AS n FROM {table}"))
            .await
    }

    /// The single text value `sql` selects (as `v`).
    pub async fn text_value(&self, sql: &str) -> String {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .expect("query")
            .expect("row");
        row.try_get::<String>("", "v").expect("v")
    }

    /// Waits (up to 10 s) until `count_sql` (selecting `n`) gives `expected`:
    /// for work the email worker does after the answer.
    pub async fn wait_for_sql(&self, count_sql: &str, expected: i64) {
        let mut last = -1;
        for _ in 0..200 {
            last = self.scalar(count_sql).await;
            if last == expected {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("expected {expected} from `{count_sql}`, still {last} after 10 s");
    }

    /// The single integer `sql` selects (as `n`).
    pub async fn scalar(&self, sql: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .expect("query")
            .expect("row");
        row.try_get::<i64>("", "n").expect("n")
    }

    pub async fn execute(&self, sql: &str) {
        self.db.execute_unprepared(sql).await.expect("sql");
    }
}
