output "alb_dns_name" {
  description = "The ALB's DNS name: tenants CNAME their custom domains to it."
  value       = module.edge.alb_dns_name
}

output "custom_domain_validation_records" {
  description = "Certificate validation records each tenant publishes for its custom domain."
  value       = module.edge.custom_domain_validation_records
}

output "tracker_urls" {
  description = "Announce base URL of each tracker cell."
  value       = module.compute.tracker_urls
}

output "cluster_name" {
  description = "ECS cluster name (aws ecs run-task --cluster)."
  value       = module.cluster.cluster_name
}

output "migrate_task_definition_arn" {
  description = "Migration task definition (aws ecs run-task --task-definition)."
  value       = module.compute.migrate_task_definition_arn
}

output "cli_task_definition_arn" {
  description = "Operator CLI task definition."
  value       = module.compute.cli_task_definition_arn
}

output "private_subnet_ids" {
  description = "Subnets one-off tasks run in (aws ecs run-task --network-configuration)."
  value       = module.network.private_subnet_ids
}

output "tasks_security_group_id" {
  description = "Security group one-off tasks run in."
  value       = module.network.tasks_security_group_id
}

output "alarm_topic_arn" {
  description = "SNS topic of every alarm."
  value       = module.observability.alarm_topic_arn
}

output "smtp_url_secret_arn" {
  description = "Secret the operator fills with SMTP_URL before the site can start."
  value       = module.secrets.smtp_url_secret_arn
}
