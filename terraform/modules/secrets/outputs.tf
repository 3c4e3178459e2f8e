output "database_master_password" {
  description = "Password of the RDS master user (the tables' owner, used by migrations only)."
  value       = random_password.database_master.result
  sensitive   = true
}

output "database_roles_password" {
  description = "APP_DB_PASSWORD: password the migration gives the swarmhost_app and swarmhost_system roles."
  value       = random_password.database_roles.result
  sensitive   = true
}

output "redis_auth_token" {
  description = "AUTH token of the ElastiCache replication group."
  value       = random_password.redis_auth.result
  sensitive   = true
}

output "realtime_token_secret_arn" {
  description = "ARN of the REALTIME_TOKEN_SECRET secret."
  value       = aws_secretsmanager_secret.realtime_token.arn
}

output "meilisearch_master_key_secret_arn" {
  description = "ARN of the Meilisearch master key secret."
  value       = aws_secretsmanager_secret.meilisearch_master_key.arn
}

output "smtp_url_secret_arn" {
  description = "ARN of the SMTP_URL secret the operator fills in."
  value       = aws_secretsmanager_secret.smtp_url.arn
}

output "secret_arns" {
  description = "Every secret ARN of this module, for the task execution role's read policy."
  value = [
    aws_secretsmanager_secret.realtime_token.arn,
    aws_secretsmanager_secret.meilisearch_master_key.arn,
    aws_secretsmanager_secret.smtp_url.arn,
  ]
}
