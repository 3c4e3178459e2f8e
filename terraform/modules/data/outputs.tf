output "database_secret_arn" {
  description = "ARN of the JSON secret with owner_url, app_url, system_url and roles_password."
  value       = aws_secretsmanager_secret.database.arn
}

output "redis_secret_arn" {
  description = "ARN of the REDIS_URL secret."
  value       = aws_secretsmanager_secret.redis.arn
}

output "database_instance_id" {
  description = "RDS instance identifier (alarm dimension)."
  value       = aws_db_instance.this.identifier
}

output "database_allocated_storage_gb" {
  description = "Storage the instance was created with, for the free-storage alarm's threshold."
  value       = aws_db_instance.this.allocated_storage
}

output "redis_replication_group_id" {
  description = "ElastiCache replication group id (alarm dimension)."
  value       = aws_elasticache_replication_group.this.id
}

output "redis_member_clusters" {
  description = "Cache cluster ids of the replication group (per-node alarm dimensions)."
  value       = aws_elasticache_replication_group.this.member_clusters
}
