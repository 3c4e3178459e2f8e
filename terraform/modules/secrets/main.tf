# Generated secrets (database and Redis passwords, the gateway's token key, the
# Meilisearch master key) and the one the operator fills in by hand (the SMTP URL). Tasks
# receive them through ECS `secrets`, never as plain environment values in the task
# definition. The values live in the Terraform state too: keep the state bucket private
# and encrypted.

resource "random_password" "database_master" {
  length  = 40
  special = false
}

resource "random_password" "database_roles" {
  length  = 40
  special = false
}

resource "random_password" "redis_auth" {
  length  = 64
  special = false
}

resource "random_password" "realtime_token" {
  length  = 64
  special = false
}

resource "random_password" "meilisearch_master_key" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "realtime_token" {
  name                    = "${var.name}/realtime-token-secret"
  description             = "REALTIME_TOKEN_SECRET: HMAC key the site signs socket tokens with and every gateway verifies."
  recovery_window_in_days = var.recovery_window_in_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "realtime_token" {
  secret_id     = aws_secretsmanager_secret.realtime_token.id
  secret_string = random_password.realtime_token.result
}

resource "aws_secretsmanager_secret" "meilisearch_master_key" {
  name                    = "${var.name}/meilisearch-master-key"
  description             = "MEILI_MASTER_KEY of the Meilisearch service, also the key the site and worker search with."
  recovery_window_in_days = var.recovery_window_in_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "meilisearch_master_key" {
  secret_id     = aws_secretsmanager_secret.meilisearch_master_key.id
  secret_string = random_password.meilisearch_master_key.result
}

# The operator writes the real value once (README, "Deploying to AWS"):
#   aws secretsmanager put-secret-value --secret-id <name>/smtp-url --secret-string 'smtp://…'
# Terraform writes a placeholder the site refuses at start and never overwrites it later.
resource "aws_secretsmanager_secret" "smtp_url" {
  name                    = "${var.name}/smtp-url"
  description             = "SMTP_URL the site sends mail through (smtp://user:pass@host:587); set by the operator."
  recovery_window_in_days = var.recovery_window_in_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "smtp_url" {
  secret_id     = aws_secretsmanager_secret.smtp_url.id
  secret_string = "set-me: aws secretsmanager put-secret-value --secret-id ${var.name}/smtp-url"

  lifecycle {
    ignore_changes = [secret_string]
  }
}
